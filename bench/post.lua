-- wrk script: POST the JSON body in $BODY, with the bearer token in $TOKEN when it is set and not empty.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
