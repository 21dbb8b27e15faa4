// Public surface of @perflens/supervisor (filled in as the process supervision moves here from the test harness).
export {};
