-- Tables kinerja-sink keeps in PostgreSQL: the national rollup rows, one table per kind of
-- figure, and the feed cursor they are consistent with. Money is bigint whole rupiah.
-- Created (IF NOT EXISTS) by kinerja-sink at start; safe to run again.
--
-- Every data row carries `cursor`: the feed cursor of the rollup change that last wrote it.
-- One transaction applies a batch of feed changes and moves kinerja_feed_cursor to the last
-- one, so the tables always equal the feed up to that cursor. A change is applied only when
-- its cursor is newer than the one kinerja_feed_rows holds for its row key (which keeps
-- deleted rows' cursors too), so a replay from an older cursor changes nothing.

-- Where each feed stands: the last cursor whose changes are in the tables.
CREATE TABLE IF NOT EXISTS kinerja_feed_cursor (
  feed        text PRIMARY KEY,         -- The sink's --name (default "national").
  cursor      bigint NOT NULL,          -- Last applied feed cursor; 0: nothing yet.
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The newest cursor seen for each rollup row key the sink keeps, deleted rows included.
CREATE TABLE IF NOT EXISTS kinerja_feed_rows (
  row_key  text PRIMARY KEY,            -- e.g. "2024/total/3603".
  cursor   bigint NOT NULL,             -- Feed cursor of the last change of that row.
  deleted  boolean NOT NULL             -- That change deleted the row.
);

-- Budget totals of one satker (its own records, not its subtree) and year.
-- From rows "<tahun>/total/<satker>".
CREATE TABLE IF NOT EXISTS kinerja_rollup_satker (
  tahun              integer NOT NULL,
  satker             text NOT NULL,
  pagu               bigint NOT NULL,   -- Rupiah: sum of the budget lines.
  realisasi          bigint NOT NULL,   -- Rupiah: every realisasi, monthly and yearly.
  realisasi_tahunan  bigint NOT NULL,   -- Rupiah recorded yearly (TAHUNAN).
  lines              integer NOT NULL,  -- Budget lines counted.
  records            integer NOT NULL,  -- Budget records counted (lines and realisasi).
  cursor             bigint NOT NULL,
  PRIMARY KEY (tahun, satker)
);

-- Realisasi per month of one satker and year (12 rows per satker row, same cursor).
CREATE TABLE IF NOT EXISTS kinerja_rollup_bulan (
  tahun      integer NOT NULL,
  satker     text NOT NULL,
  bulan      smallint NOT NULL,         -- 1..12.
  realisasi  bigint NOT NULL,           -- Rupiah spent that month.
  laporan    integer NOT NULL,          -- Realisasi records for that month.
  cursor     bigint NOT NULL,
  PRIMARY KEY (tahun, satker, bulan)
);

-- Budget of one program of one satker and year. From "<tahun>/program/<satker>/<kode>".
CREATE TABLE IF NOT EXISTS kinerja_rollup_program (
  tahun         integer NOT NULL,
  satker        text NOT NULL,
  program_kode  text NOT NULL,
  program       text NOT NULL,          -- Shown name of the program.
  pagu          bigint NOT NULL,        -- Rupiah.
  realisasi     bigint NOT NULL,        -- Rupiah.
  cursor        bigint NOT NULL,
  PRIMARY KEY (tahun, satker, program_kode)
);

-- Indicator counts of one satker and year. From "<tahun>/counts/<satker>".
CREATE TABLE IF NOT EXISTS kinerja_rollup_indikator (
  tahun             integer NOT NULL,
  satker            text NOT NULL,
  jumlah            integer NOT NULL,   -- Indicators held.
  dengan_target     integer NOT NULL,   -- ... with a target.
  dengan_realisasi  integer NOT NULL,   -- ... with at least one realisasi.
  tercapai          integer NOT NULL,   -- ... whose capaian is at least 100%.
  cursor            bigint NOT NULL,
  PRIMARY KEY (tahun, satker)
);

-- Penyerapan (realisasi / pagu) of each satker and year in percent, rounded half away from
-- zero to two decimals, as kinerjactl shows it ("97.20"); NULL when pagu is 0. Exact: integer
-- division on numeric, never float.
CREATE OR REPLACE VIEW kinerja_penyerapan AS
SELECT tahun, satker, pagu, realisasi,
       CASE WHEN pagu = 0 THEN NULL
            ELSE (sign(realisasi::numeric) * sign(pagu::numeric)
                  * div(abs(realisasi::numeric) * 20000 + abs(pagu::numeric),
                        2 * abs(pagu::numeric)) / 100)::numeric(24, 2)
       END AS penyerapan
FROM kinerja_rollup_satker;
