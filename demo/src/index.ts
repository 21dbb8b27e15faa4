// Public surface of @perflens/demo; later issues fill it in.
export {};
