// Order processing helpers for the checkout service.
import { setTimeout as delay } from 'node:timers/promises';

async function reserveStock(order) {
  await delay(10);
  return { ...order, reserved: true };
}

async function chargeCard(order) {
  await delay(10);
  return { ...order, charged: true };
}

async function sendReceipt(order) {
  await delay(10);
  console.log(`receipt sent for ${order.id}`);
}

async function notifyWarehouse(order) {
  await delay(10);
  console.log(`warehouse notified for ${order.id}`);
}

export function processOrder(order) {
  return reserveStock(order)
    .then((reserved) => {
      chargeCard(reserved); // expect: broken-promise-chain
      return reserved;
    })
    .then((charged) => {
      sendReceipt(charged); // expect: broken-promise-chain
    })
    .catch((err) => {
      console.error(`order ${order.id} failed`, err);
      throw err;
    });
}

export function processOrderFixed(order) {
  return reserveStock(order)
    .then((reserved) => chargeCard(reserved))
    .then((charged) => {
      return notifyWarehouse(charged).then(() => charged);
    })
    .then((charged) => sendReceipt(charged));
}
