-- wrk script of bench/statistics/run.sh: every request POSTs one support
-- encounter through the real log form (the supporter's session cookie and
-- CSRF token from the environment), as a phone would.
wrk.method = "POST"
wrk.body = os.getenv("TV_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("TV_COOKIE")
