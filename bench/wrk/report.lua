-- wrk script for bench/load.py: optional POST body from a file, status counts, and a JSON
-- summary (p50/p90/p95/p99/max latency, errors) on stderr after a line starting "WRKJSON ".
local body_file = os.getenv("WRK_BODY_FILE")
if body_file then
  local handle = assert(io.open(body_file, "rb"))
  wrk.body = handle:read("*all")
  handle:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE")
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[#counts + 1] = string.format('[%d, %d]', status, n)
    end
  end
  local e = summary.errors
  io.stderr:write(string.format(
    'WRKJSON {"requests": %d, "duration_s": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "statuses": [%s], "latency_ms": {"mean": %.2f, "p50": %.2f, "p90": %.2f, ' ..
    '"p95": %.2f, "p99": %.2f, "max": %.2f}}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(counts, ", "), latency.mean / 1e3, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
