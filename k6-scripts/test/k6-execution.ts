// Stand-in for `k6/execution` in Node tests: a scenario that started when the module was loaded.
const execution = { scenario: { name: 'stand-in', startTime: Date.now() } };

export default execution;
