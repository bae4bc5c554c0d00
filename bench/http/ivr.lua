-- wrk script: calls to the register's own line reported by the IVR webhook; each call from a
-- line registers it (issue 3's "citizen registrations" target: each answer is a durable register
-- event). Random Italian mobiles, a different random stream per wrk thread.
-- IVR_SECRET=<secret> wrk -t2 -c64 -d15s --latency -s bench/http/ivr.lua http://127.0.0.1:18080
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(1000 + id)
end
local headers = {["Authorization"] = "Bearer " .. os.getenv("IVR_SECRET"),
                 ["Content-Type"] = "application/json"}
request = function()
  local from = "+393" .. tostring(math.random(20, 49)) .. tostring(math.random(1000000, 9999999))
  return wrk.format("POST", "/api/v1/ivr/calls", headers,
    '{"from":"' .. from .. '","to":"+39800000100"}')
end
