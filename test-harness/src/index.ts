// Public surface of @perflens/test-harness; later issues fill it in.
export {};
