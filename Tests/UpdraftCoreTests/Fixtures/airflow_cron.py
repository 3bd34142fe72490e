"""Airflow's cron fire times, as its CronMixin computes them (croniter on the naive wall
clock of the DAG's time zone, then pendulum), for the differential test in
ScheduleDSTTests.swift. Reads JSON cases on stdin:
  [{"zone": "America/New_York", "expr": "0 * * * *", "after": 1772946000, "count": 4, "direction": "next"}]
and prints, per case, the fire times as Unix seconds.
"""
import datetime
import json
import sys

import pendulum
from croniter import croniter


def every_hour(cron):
    # croniter normalizes a field that allows every value to "*".
    return cron.expanded[1] == ["*"]


def localize(naive, zone):
    # Airflow's make_aware: the second reading of a repeated wall time, and a skipped one
    # moved forward by the gap.
    return zone.convert(naive.replace(fold=1))


def naive_wall(moment, zone):
    local = moment.in_timezone(zone)
    return datetime.datetime(local.year, local.month, local.day, local.hour, local.minute, local.second)


def step(expr, zone, current, forward):
    naive = naive_wall(current, zone)
    cron = croniter(expr, start_time=naive)
    found = cron.get_next(datetime.datetime) if forward else cron.get_prev(datetime.datetime)
    if not every_hour(cron):
        return pendulum.instance(localize(found, zone))
    here = current.in_timezone(zone)
    return here + (found - naive) if forward else here - (naive - found)


def main():
    out = []
    for case in json.load(sys.stdin):
        zone = pendulum.timezone(case["zone"])
        current = pendulum.from_timestamp(case["after"], tz="UTC")
        times = []
        for _ in range(case["count"]):
            current = step(case["expr"], zone, current, case.get("direction", "next") == "next")
            times.append(int(current.timestamp()))
        out.append(times)
    json.dump(out, sys.stdout)


main()
