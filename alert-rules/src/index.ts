// Public surface of @perflens/alert-rules; later issues fill it in.
export {};
