const axios = require('axios');
const sharp = require('sharp');
const { writeFile, unlink } = require('node:fs/promises');
const path = require('node:path');

const http = axios.create({ baseURL: 'https://cdn.example.com', timeout: 8000 });

function downloadAvatar(userId) {
  return http
    .get(`/avatars/${userId}.png`, { responseType: 'arraybuffer' })
    .then((res) => Buffer.from(res.data));
}

function storeThumbnail(userId, buffer, dir) {
  const file = path.join(dir, `${userId}-64.png`);
  return sharp(buffer)
    .resize(64, 64)
    .toBuffer()
    .then((thumb) => {
      writeFile(file, thumb); // expect: broken-promise-chain
      return file;
    });
}

function refreshAvatar(userId, dir) {
  return downloadAvatar(userId)
    .then((buffer) => storeThumbnail(userId, buffer, dir))
    .then((file) => ({ userId, file }));
}

function purgeOld(files) {
  files.forEach((file) => {
    unlink(file).catch((err) => console.warn(`could not remove ${file}: ${err.message}`));
  });
}

function onUserUpdated(event, dir) {
  refreshAvatar(event.userId, dir).then((result) => { // expect: then-without-catch
    console.log(`avatar refreshed for ${result.userId}`);
  });
}

function onUserDeleted(event, dir) {
  const file = path.join(dir, `${event.userId}-64.png`);
  purgeOld([file]);
  http.delete(`/avatars/${event.userId}.png`).then(() => console.log('cdn purged')); // expect: then-without-catch
}

module.exports = { refreshAvatar, onUserUpdated, onUserDeleted };
