// `kinerjactl import KIND FILE`: streams one CSV file from disk to the daemon, which imports it
// atomically; on a terminal (or with --progress) shows how much has been sent.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/command.h"
#include "client/files/file_input.h"

namespace kinerja::client {
namespace {

// Bytes of the file per message: far below the gRPC message limit, whatever the file's size.
constexpr size_t kPieceBytes = size_t{1} << 20;

struct ImportArgs {
  std::string kind;
  std::string file;
  std::string author;
  bool progress = false;
  bool dry_run = false;
};

std::string Megabytes(uint64_t bytes) {
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / 1e6);
}

// One progress line on `err`, rewritten in place ("\r"), at most once per percent.
class Progress {
 public:
  Progress(std::ostream* err, std::string file_name, uint64_t size)
      : err_(err), file_name_(std::move(file_name)), size_(size) {}

  void Sent(uint64_t bytes) {
    if (err_ == nullptr) return;
    const uint64_t step = size_ > 0 ? (size_ + 99) / 100 : (uint64_t{16} << 20);
    if (bytes < next_ && bytes < size_) return;
    next_ = bytes + step;
    *err_ << "\rimport " << file_name_ << ": sent " << Megabytes(bytes);
    if (size_ > 0) *err_ << " of " << Megabytes(size_) << " (" << bytes * 100 / size_ << "%)";
    err_->flush();
  }
  void Done() {
    if (err_ == nullptr) return;
    *err_ << "; the daemon has it all\n";
    err_->flush();
  }

 private:
  std::ostream* const err_;  // Null: no progress shown.
  const std::string file_name_;
  const uint64_t size_;
  uint64_t next_ = 0;
};

absl::Status RunImport(const ImportArgs& args, CommandContext& ctx) {
  absl::StatusOr<std::unique_ptr<FileReader>> reader = FileReader::Open(args.file);
  if (!reader.ok()) return reader.status();
  v1::ImportRequest first;
  first.set_file_kind(FileKindOf(args.kind));
  first.set_file_name(BaseName(args.file));
  first.set_author(args.author);
  first.set_dry_run(args.dry_run);
  absl::StatusOr<bool> read = (*reader)->Read(kPieceBytes, first.mutable_content());
  if (!read.ok()) return read.status();
  Progress progress(args.progress || ctx.err_is_terminal ? &ctx.err : nullptr, first.file_name(),
                    (*reader)->size());
  progress.Sent((*reader)->read());
  bool done = !*read;
  absl::StatusOr<v1::ImportResponse> response =
      ctx.client.Import(first, [&](std::string* piece) -> absl::StatusOr<bool> {
        if (done) return false;
        absl::StatusOr<bool> more = (*reader)->Read(kPieceBytes, piece);
        if (!more.ok()) return more.status();
        if (!*more) {
          done = true;
          progress.Done();
          return false;
        }
        progress.Sent((*reader)->read());
        return true;
      });
  if (!response.ok()) return response.status();
  if (absl::Status st = PrintImport(*response, ctx.output, ctx.out); !st.ok()) return st;
  if (response->has_preview() && response->preview().errors_total() > 0) {
    const v1::ImportError& first_error = response->preview().errors(0);
    return absl::InvalidArgumentError(absl::StrCat(
        "preview of ", first.file_name(), ": ", response->preview().errors_total(),
        response->preview().errors_total() == 1 ? " error" : " errors", ", the first: ",
        first_error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

Command AddImportCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<ImportArgs>();
  args->author = options.default_author;
  CLI::App* sub = app.add_subcommand("import", "Import a CSV file of one kind of record");
  sub->add_option("KIND", args->kind, "What the file holds")
      ->required()
      ->check(CLI::IsMember(values::EnumWords<v1::FileKind>()));
  sub->add_option("FILE", args->file, "The CSV file (UTF-8, ',' or ';' separated)")->required();
  sub->add_option("--author", args->author, "Who imports; recorded on every change")
      ->capture_default_str();
  sub->add_flag("--progress", args->progress,
                "Show on stderr how much of the file has been sent (the default when stderr is "
                "a terminal)");
  sub->add_flag("--dry-run", args->dry_run,
                "Preview: check the whole file and show what would be created, changed and left "
                "unchanged and every error, writing nothing");
  sub->footer(CommandFooter(
      "FILE is CSV as DOMAIN.md (\"Import files\") describes it: UTF-8, a header row, ',' or "
      "';' separated. It is read from disk and sent in pieces, so it may be of any size. The "
      "daemon imports it atomically: a file with any bad row changes nothing, and the error "
      "names the file, line and column. Prints how many records were created, changed and "
      "left unchanged, and how many rows were read. Progress goes to stderr, only when it is "
      "a terminal or with --progress, so scripted output stays as it is.\n\n"
      "With --dry-run nothing is written: the daemon checks the file exactly as it would "
      "import it and shows the records it would create or change (with the fields that "
      "differ) and every error with its line, column and field (the first 200; the count of "
      "all). Exit status 0 for a clean preview, 1 if the file has errors.",
      "  kinerjactl import anggaran 3603_anggaran.csv --author \"Siti Rahma\"\n"
      "  kinerjactl -o json import indikator 3603_indikator.csv\n"
      "  kinerjactl import --dry-run anggaran 3603_anggaran.csv"));
  return Command{sub, [args](CommandContext& ctx) { return RunImport(*args, ctx); }};
}

}  // namespace kinerja::client
