"""Parses Prometheus text from stdin with the Prometheus Python client's parser (a real one, not
ours) and prints one line per metric family: name, type and the sorted label names of its samples.
Exits non-zero if the text does not parse."""
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    labels = sorted({k for s in family.samples for k in s.labels})
    print(family.name, family.type, ",".join(labels))
