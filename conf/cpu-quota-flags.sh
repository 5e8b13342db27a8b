#!/bin/sh
# JVM flags that depend on the CPU the container's cgroup grants; the Dockerfile's ENTRYPOINT adds what this prints.
#   sh conf/cpu-quota-flags.sh [cgroup root, default /sys/fs/cgroup]
#
# Under a quota below one CPU (Render's free instances have 0.1) it prints -XX:TieredStopAtLevel=1: C1 only. There,
# C2's compiler threads took the CPU that start-up and the first request need: under podman run --cpus 0.1 the image
# woke in 8.4-8.8 s with its first byte 0.40-0.49 s later, against 11.7-12.8 s and 0.89-0.99 s with C2 (3 runs each;
# `bash bench/run.sh --only render`). With a whole CPU or more, or no quota, it prints nothing: C2 is worth it once
# warm (on two cores the full bench gave 0.84x nginx at 0.352 CPU s/GiB with C2, 0.79x at 0.432 with C1 only).
# Reads cgroup v2's cpu.max or v1's cpu.cfs_quota_us / cpu.cfs_period_us, as the app's CpuQuota does.
root=${1:-/sys/fs/cgroup}
quota=
period=
if [ -r "$root/cpu.max" ]; then
  read -r quota period < "$root/cpu.max"
else
  for dir in "$root/cpu" "$root/cpu,cpuacct" "$root/cpuacct,cpu"; do
    if [ -r "$dir/cpu.cfs_quota_us" ] && [ -r "$dir/cpu.cfs_period_us" ]; then
      read -r quota < "$dir/cpu.cfs_quota_us"
      read -r period < "$dir/cpu.cfs_period_us"
      break
    fi
  done
fi
case "$quota$period" in
  *[!0-9]*|'') exit 0 ;;  # "max", -1, empty or malformed: no quota
esac
if [ "$period" -gt 0 ] && [ "$quota" -gt 0 ] && [ "$quota" -lt "$period" ]; then
  echo "-XX:TieredStopAtLevel=1"
fi
