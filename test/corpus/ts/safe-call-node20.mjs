// target: node 20
// Runs a user-supplied hook whether it is sync or async, turning sync throws into rejections.
export function runHook(hook, payload) {
  return Promise.try(() => hook(payload)); // expect: too-new-api
}

export function runHookCompatible(hook, payload) {
  return new Promise((resolve) => resolve(hook(payload)));
}

export function escapeForRegExp(text) {
  return RegExp.escape(text); // expect: too-new-api
}

export function escapeForRegExpCompatible(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export async function runHooks(hooks, payload) {
  // Hooks run in registration order: a later hook may depend on what an earlier one changed.
  for (const hook of hooks) {
    await runHookCompatible(hook, payload);
  }
}
