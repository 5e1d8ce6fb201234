-- A mix of what feed clients do: the cached first page, deep /getData pages, cursor pages and searches.
-- Used by scripts/load/run.sh, which writes the cursors it collected to cursors.lua beside this file.
local cursors = dofile(os.getenv("CURSORS_FILE"))
local words = { "football", "goal", "highlights", "match", "how%20to", "madrid", "porto", "zzznomatch" }
local counter = 0
local failures = 0

request = function()
  counter = counter + 1
  local kind = counter % 5
  if kind == 0 then
    return wrk.format("GET", "/getData?limit=10&pageNo=1")
  elseif kind == 1 then
    return wrk.format("GET", "/getData?limit=20&pageNo=" .. math.random(1, 5))
  elseif kind == 2 then
    return wrk.format("GET", "/api/videos?limit=20&cursor=" .. cursors[math.random(#cursors)])
  elseif kind == 3 then
    return wrk.format("GET", "/api/videos?limit=20&q=" .. words[math.random(#words)])
  end
  return wrk.format("GET", "/api/videos?limit=20")
end
