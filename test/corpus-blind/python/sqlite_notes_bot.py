import asyncio
import logging
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

log = logging.getLogger("notes-bot")
DB_PATH = "notes.db"


def init_db() -> None:
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS notes (chat_id INTEGER, text TEXT)")


async def add_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = " ".join(context.args or [])
    if not text:
        await update.message.reply_text("usage: /note <text>")
        return
    conn = sqlite3.connect(DB_PATH)  # expect: blocking-call-in-async
    try:
        conn.execute("INSERT INTO notes VALUES (?, ?)", (update.effective_chat.id, text))
        conn.commit()
    finally:
        conn.close()
    await update.message.reply_text("saved")


def read_notes(chat_id: int) -> list[str]:
    with sqlite3.connect(DB_PATH) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM notes WHERE chat_id = ?", (chat_id,))]


async def list_notes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    notes = await asyncio.to_thread(read_notes, update.effective_chat.id)
    await update.message.reply_text("\n".join(notes) or "no notes yet")


def main() -> None:
    init_db()
    app = Application.builder().token("TOKEN").build()
    app.add_handler(CommandHandler("note", add_note))
    app.add_handler(CommandHandler("notes", list_notes))
    app.run_polling()


if __name__ == "__main__":
    main()
