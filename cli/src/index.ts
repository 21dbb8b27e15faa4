// Public surface of @perflens/cli; later issues fill it in.
export {};
