const axios = require("axios");

const slack = axios.create({ baseURL: "https://slack.com/api", timeout: 5000 });

function notifyChannel(channel, text) {
  return slack.post("/chat.postMessage", { channel, text });
}

function notifyOnCall(incident) {
  return lookupOnCall(incident.team)
    .then((users) => {
      users.forEach((u) => notifyChannel(u.dmChannel, incident.title)); // expect: broken-promise-chain
    })
    .then(() => {
      slack.post("/reactions.add", { channel: incident.channel, name: "eyes", timestamp: incident.ts }); // expect: broken-promise-chain
    });
}

function lookupOnCall(team) {
  return slack.get(`/usergroups.users.list?usergroup=${team}`).then((r) => r.data.users);
}

function escalate(incident) {
  notifyOnCall(incident).then(() => console.log("escalated", incident.id)); // expect: then-without-catch
  return new Promise(async (resolve) => { // expect: async-promise-executor
    const users = await lookupOnCall("managers");
    resolve(users.length);
  });
}

module.exports = { notifyOnCall, escalate };
