// Stand-in for `k6/execution` in Node tests: a scenario that started when the module was loaded, and the
// VU's tags, which scripts may set.
const execution = {
  scenario: { name: 'stand-in', startTime: Date.now() },
  vu: { tags: {} as Record<string, string> },
};

export default execution;
