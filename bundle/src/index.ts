// @perflens/bundle: front-end bundle and served-asset analysis. Filled in by the bundle analysis work.
export {};
