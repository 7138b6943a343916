import logging
import re
from datetime import timedelta

import discord

log = logging.getLogger("modbot")
BANNED = re.compile(r"\b(free nitro|crypto giveaway)\b", re.IGNORECASE)


class ModerationBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.strikes: dict[int, int] = {}

    async def is_exempt(self, member: discord.Member) -> bool:
        return any(role.name in {"Moderator", "Admin"} for role in member.roles)

    async def warn(self, message: discord.Message) -> None:
        await message.channel.send(f"{message.author.mention}, that link is not allowed here.")

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not BANNED.search(message.content):
            return
        if self.is_exempt(message.author):  # expect: missing-await
            return
        try:
            await message.delete()
        except discord.Forbidden:
            log.warning("missing permission to delete in #%s", message.channel)
        count = self.strikes.get(message.author.id, 0) + 1
        self.strikes[message.author.id] = count
        self.warn(message)  # expect: missing-await
        if count >= 3:
            try:
                await message.author.timeout(discord.utils.utcnow() + timedelta(hours=1))
            except Exception:  # expect: swallowed-error
                pass


if __name__ == "__main__":
    ModerationBot().run("TOKEN")
