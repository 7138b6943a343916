import { readFile, writeFile } from 'node:fs/promises';

/**
 * @typedef {object} Broker
 * @property {(topic: string, body: string) => Promise<void>} publish
 * @property {() => Promise<void>} close
 */

/**
 * @param {string} path
 * @returns {Promise<{ topic: string }>}
 */
function readSettings(path) {
  return new Promise((resolve) => {
    // The rejection path is dropped: a missing file leaves the caller waiting forever.
    readFile(path, 'utf8').then((text) => resolve(JSON.parse(text))); // expect: then-without-catch
  });
}

/**
 * @param {string} path
 * @returns {Promise<{ topic: string }>}
 */
function readSettingsFixed(path) {
  return readFile(path, 'utf8').then((text) => JSON.parse(text));
}

export class UserEvents {
  /** @param {Broker} broker */
  constructor(broker) {
    this.broker = broker;
  }

  /** @param {{ id: string, email: string }} user */
  async created(user) {
    const { topic } = await readSettingsFixed('./events.json');
    this.broker.publish(topic, JSON.stringify(user)); // expect: floating-promise
  }

  /** @param {{ id: string }} user */
  async deleted(user) {
    const { topic } = await readSettingsFixed('./events.json');
    await this.broker.publish(`${topic}.deleted`, JSON.stringify(user));
    writeFile(`./audit/${user.id}.json`, JSON.stringify({ deleted: Date.now() })); // expect: floating-promise
  }

  async shutdown() {
    await this.broker.close();
  }
}

export { readSettings };
