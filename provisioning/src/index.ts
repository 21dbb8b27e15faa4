// Public surface of @perflens/provisioning: the dashboards generated from TypeScript.
export {};
