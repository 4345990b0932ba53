"""Gauges of operations for /metrics: the last backup and the heartbeats."""

import time

from prometheus_client.core import GaugeMetricFamily

from pesnet import heartbeats
from pesnet.metrics import metric_source


@metric_source
def operations():
    from .backups import last_successful

    backup = GaugeMetricFamily(
        "pesnet_backup_last_success_timestamp_seconds",
        "When the last successful backup finished (Unix time; 0: never).",
    )
    last = last_successful()
    backup.add_metric([], last.finished_at.timestamp() if last else 0.0)
    yield backup
    _, seen = heartbeats.read()
    silence = GaugeMetricFamily(
        "pesnet_heartbeat_age_seconds",
        "Seconds since beat or a worker was last heard of.",
        labels=["process"],
    )
    for name, age in heartbeats.ages(seen, time.time()).items():
        silence.add_metric([name], age)
    yield silence
