-- wrk script: pre-call checks of random Italian mobile numbers (issue 3's HTTP target).
-- DNC_KEY=<operator API key> wrk -t2 -c64 -d15s --latency -s bench/http/precall.lua http://127.0.0.1:18080
math.randomseed(42)
request = function()
  local n = "3" .. tostring(math.random(20, 49)) .. tostring(math.random(1000000, 9999999))
  return wrk.format("GET", "/api/v1/numbers/" .. n .. "/callable", {["Authorization"] = "Bearer " .. os.getenv("DNC_KEY")})
end
