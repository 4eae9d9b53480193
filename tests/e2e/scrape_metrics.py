#!/usr/bin/python3
"""Fetches a kinerjad /metrics page and parses it with prometheus_client's text parser, which
raises on any line that is not Prometheus text format. Prints each sample on one line,
`name{label="value",...} value` with the labels sorted; exits 1 on a fetch or parse error."""
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/plain; version=0.0.4"):
            print(f"unexpected Content-Type {content_type!r}", file=sys.stderr)
            return 1
        text = response.read().decode("utf-8")
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            print(f"{sample.name}{{{labels}}} {sample.value!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
