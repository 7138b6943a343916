import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('too-new-api', {
  valid: [
    { name: 'no target: held to the default line (support calendar), which has JoinSet', code: rs`
      async fn f() { let mut s = tokio::task::JoinSet::new(); s.spawn(async { 1 }); }` },
    { name: 'JoinSet on tokio 1.24', target: { tokio: '1.24' }, code: rs`
      use tokio::task::JoinSet;
      async fn f() { let mut s: JoinSet<u8> = JoinSet::new(); s.spawn(async { 1 }); }` },
  ],
  invalid: [
    { name: 'JoinSet on tokio 1.20, by path and by import', target: { tokio: '1.20' }, code: rs`
      use tokio::task::JoinSet;
      async fn f() {
          let mut s = tokio::task::JoinSet::new();
          s.spawn(async { 1 });
      }`, lines: [1, 3, 4], severities: ['error', 'error', 'error'] },
  ],
});
