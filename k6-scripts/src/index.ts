// Public surface of @perflens/k6-scripts; later issues fill it in.
export {};
