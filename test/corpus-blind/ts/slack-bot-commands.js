const { WebClient } = require('@slack/web-api');
const { Pool } = require('pg');

const slack = new WebClient(process.env.SLACK_TOKEN);
const pool = new Pool();

async function lookupOnCall(team) {
  try {
    const { rows } = await pool.query('SELECT user_id FROM oncall WHERE team = $1 AND now() BETWEEN starts AND ends', [team]);
    return rows[0] ? rows[0].user_id : null;
  } catch (err) { // expect: swallowed-error
    return null;
  }
}

function postReply(channel, text) {
  return slack.chat.postMessage({ channel, text });
}

function handlePage(command) {
  const team = command.text.trim() || 'platform';
  return lookupOnCall(team).then((userId) => {
    if (!userId) {
      return postReply(command.channel_id, `Nobody is on call for ${team}.`);
    }
    pool.query('INSERT INTO pages (team, user_id, requested_by) VALUES ($1, $2, $3)', [ // expect: broken-promise-chain
      team,
      userId,
      command.user_id,
    ]);
    return postReply(command.channel_id, `Paging <@${userId}> for ${team}.`);
  });
}

function handleWho(command) {
  return lookupOnCall(command.text.trim()).then((userId) =>
    postReply(command.channel_id, userId ? `<@${userId}> is on call.` : 'No one is on call.'),
  );
}

const handlers = { '/page': handlePage, '/oncall': handleWho };

module.exports = async function dispatch(command) {
  const handler = handlers[command.command];
  if (!handler) return { text: `Unknown command ${command.command}` };
  await handler(command);
  return { text: 'ok' };
};
