-- Argo CD health check for northflank.com/NorthflankJob.
-- Argo CD runs this with the live resource as `obj` and reads `hs.status` and
-- `hs.message`. Inlined in argocd-cm-patch.yaml; keep the two identical
-- (ArgoCdHealthTest checks).
--
-- Precedence, first match wins:
--   0. Suspended: the annotation northflank.com/paused is "true" (Argo CD's
--      convention for a resource paused on purpose). The operator makes no
--      Northflank API call for it, so its conditions say nothing new.
--   1. Progressing: no status yet, or status.observedGeneration is behind
--      metadata.generation. The conditions then describe an older spec (or
--      nothing), so they must not decide health; this also keeps a fixed spec
--      from flashing Degraded with the previous spec's error.
--   2. Degraded: Stalled=True. Retrying will not help (JobNotFound,
--      Unauthorized, Forbidden, InvalidSpec, CorrectionRejected); someone has
--      to act.
--   3. Degraded: Drifted=True. The live job differs from what Git declares.
--   4. Degraded: LastRunSucceeded=False. The job's latest concluded run failed
--      in Northflank, Argo CD's own convention for a CronJob whose last Job
--      failed; it stays so while a newer run is in progress, until one
--      succeeds. Only when the operator observes the job's runs.
--   5. Healthy: Ready=True.
--   6. Progressing: anything else. Before the first read, or after a failure
--      the operator retries (RateLimited, ApiUnavailable, InvalidResponse) or
--      waits out (CredentialsMissing until the Secret appears).
-- Written for Lua 5.1 (Argo CD's gopher-lua): no goto, no integer division.

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function describe(condition, fallback)
  if condition ~= nil and condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  if condition ~= nil and condition.reason ~= nil then
    return condition.reason
  end
  return fallback
end

local hs = {}
local status = obj.status
local generation = obj.metadata.generation
local annotations = obj.metadata.annotations

if annotations ~= nil and annotations["northflank.com/paused"] == "true" then
  local synced = nil
  if status ~= nil then
    synced = findCondition(status.conditions, "Synced")
  end
  hs.status = "Suspended"
  if synced ~= nil and synced.reason == "Paused" then
    hs.message = describe(synced, "Paused")
  else
    hs.message = "Paused by the annotation northflank.com/paused"
  end
  return hs
end

if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to read the job"
  return hs
end

if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local stalled = findCondition(status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
  return hs
end

local drifted = findCondition(status.conditions, "Drifted")
if drifted ~= nil and drifted.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(drifted, "The live job differs from spec.job")
  return hs
end

local lastRun = findCondition(status.conditions, "LastRunSucceeded")
if lastRun ~= nil and lastRun.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(lastRun, "The job's last run failed")
  return hs
end

local ready = findCondition(status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "The live job matches spec.job")
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, "Waiting for the operator to read the job")
return hs
