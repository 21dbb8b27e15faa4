// Public surface of @perflens/analysis; later issues fill it in.
export {};
