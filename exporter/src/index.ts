// Public surface of @perflens/exporter; later issues fill it in.
export {};
