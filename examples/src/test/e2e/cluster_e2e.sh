#!/usr/bin/env bash
# End to end on a real standalone Flink cluster built from the pinned version's Maven Central jars:
# a JobManager and a TaskManager as separate JVMs on loopback; the job jar's `mix` (Flink not inside,
# as a cluster user submits it) submitted through Flink's CLI entry point; the TaskManager killed with `kill -9` mid-job and a
# new one started; then numpy checks that the exhaustive pass still holds every row exactly once.
#
# Usage: cluster_e2e.sh CLI_JAR JOB_JAR CLASSPATH_FILE WORK_DIR
#   CLI_JAR (muxsource-examples.jar) prepares the data; JOB_JAR (muxsource-examples-job.jar) is
#   submitted; CLASSPATH_FILE holds the Flink runtime classpath (the examples' test classpath).
# Environment: MUXSOURCE_PYTHON (a python with numpy; default python3).
set -euo pipefail

jar=$(realpath "$1")
job_jar=$(realpath "$2")
classpath=$(cat "$3")
work=$(realpath -m "$4")
python=${MUXSOURCE_PYTHON:-python3}
case "$python" in ""|\$\{*) python=python3 ;; esac
rm -rf "$work" && mkdir -p "$work/conf" "$work/log"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rest_port=$(free_port)
rpc_port=$(free_port)

cat > "$work/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.numberOfTaskSlots: 2
# Flink's start scripts derive these; launching TaskManagerRunner directly, we set them ourselves.
taskmanager.cpu.cores: 2
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 512m
taskmanager.memory.managed.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
parallelism.default: 2
heartbeat.interval: 1000
heartbeat.timeout: 5000
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 20
restart-strategy.fixed-delay.delay: 1 s
YAML
cat > "$work/conf/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
LOG

jvm() {  # name, main class
  local name=$1 main=$2
  java -Xmx768m --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
    -Dlog.file="$work/log/$name.log" -Dlog4j.configurationFile="file:$work/conf/log4j.properties" \
    -cp "$classpath" "$main" --configDir "$work/conf" > "$work/log/$name.out" 2>&1 &
  pids+=($!)
  echo $!
}

rest() { curl -sf "http://127.0.0.1:$rest_port$1"; }
wait_for() {  # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "timed out after ${seconds}s waiting for $what" >&2
  tail -n 30 "$work"/log/*.log >&2 || true
  return 1
}
slots() { rest /overview | "$python" -c 'import json,sys; print(json.load(sys.stdin)["slots-total"])'; }
has_slots() { [ "$(slots)" -ge "$1" ]; }
# Every task running, not only the job: a kill before the tasks are deployed only delays the
# deployment (the slots are requested again) and causes no restart to see.
job_running() {
  rest /jobs/overview | "$python" -c '
import json, sys
jobs = [j for j in json.load(sys.stdin)["jobs"] if j["state"] == "RUNNING"]
sys.exit(0 if jobs and jobs[0]["tasks"]["running"] == jobs[0]["tasks"]["total"] > 0 else 1)'
}

echo "== data: 3 synthetic Fashion-MNIST-shaped shards"
java -jar "$jar" prepare-fashion --output "$work/data" --shards 3 --rows-per-shard 400000 > /dev/null 2>&1 \
  || java -jar "$jar" prepare-fashion --output "$work/data" --shards 3 --rows-per-shard 400000

echo "== cluster: JobManager and TaskManager on 127.0.0.1:$rest_port"
jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint > /dev/null
wait_for "the JobManager's REST endpoint" 90 rest /overview
tm=$(jvm taskmanager-1 org.apache.flink.runtime.taskexecutor.TaskManagerRunner)
wait_for "the first TaskManager's slots" 90 has_slots 2

echo "== submit the job jar's mix through CliFrontend run"
export FLINK_CONF_DIR="$work/conf"
java --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  -Dlog.file="$work/log/client.log" -Dlog4j.configurationFile="file:$work/conf/log4j.properties" \
  -cp "$classpath" org.apache.flink.client.cli.CliFrontend run "$job_jar" mix \
  --dataset a="$work/data/dataset1_train.npz" --dataset b="$work/data/dataset2_train.npz" \
  --dataset c="$work/data/dataset3_train.npz" --mode exhaustive --row-order shuffled --seed 7 \
  --parallelism 2 --lanes 4 --rows-per-file 20000 --provenance --output "$work/out" \
  > "$work/log/submit.out" 2>&1 &
client=$!
pids+=($client)

wait_for "the job's tasks to run" 120 job_running
# At once: 1,200,000 rows take a few seconds to mix, and a kill after the job ends proves nothing.
sleep 0.2
echo "== kill -9 the TaskManager ($tm) mid-job, start a new one"
kill -9 "$tm"
jvm taskmanager-2 org.apache.flink.runtime.taskexecutor.TaskManagerRunner > /dev/null

if ! timeout 300 tail --pid="$client" -f /dev/null; then
  echo "the job did not finish within 300 s" >&2
  exit 1
fi
wait "$client" || { echo "mix failed:" >&2; cat "$work/log/submit.out" >&2; exit 1; }
summary=$(tail -n 1 "$work/log/submit.out")
echo "summary: $summary"
restarts=$(grep -c "switched from state RESTARTING to RUNNING" "$work/log/jobmanager.log" || true)
echo "job restarts seen by the JobManager: $restarts"
[ "$restarts" -ge 1 ] || { echo "the TaskManager kill caused no restart" >&2; exit 1; }

"$python" - "$work/out" <<'PY'
import glob, sys
import numpy as np
parts = sorted(glob.glob(sys.argv[1] + "/part-*.npz"))
keys = np.concatenate([np.load(p)["_dataset"].astype(np.int64) * 10**12
                       + np.load(p)["_shard"].astype(np.int64) * 10**9 + np.load(p)["_row"] for p in parts])
assert len(keys) == 1200000, len(keys)
assert len(np.unique(keys)) == len(keys), "duplicates"
print(f"exactly once: {len(keys)} rows in {len(parts)} files")
PY
echo "cluster e2e: OK"
