"""The Python peer of the fan-out benchmark: aiogram 3 broadcasting to the fake Bot API.

Run by `fanout --peer "python bench/scripts/aiogram_broadcast.py"`, which starts the fake server
with Telegram's limits and passes PANIER_FAKE_API (base URL), PANIER_FAKE_TOKEN and
PANIER_FAKE_CHATS (a file with one chat id per line). Follows aiogram's recommended broadcast
pattern: one send_message after another, a pause of 1/RATE s between messages (aiogram's
documentation suggests staying under 30/s), and on TelegramRetryAfter sleep retry_after then
retry the same message. Prints one JSON line: sent, retry_after received, other errors, CPU s.
"""

import asyncio
import json
import os
import time

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter

RATE = float(os.environ.get("AIOGRAM_RATE", "30"))


async def send(bot: Bot, chat_id: int, text: str, stats: dict) -> None:
    while True:
        try:
            await bot.send_message(chat_id, text)
            stats["sent"] += 1
            return
        except TelegramRetryAfter as e:
            stats["retry_after"] += 1
            await asyncio.sleep(e.retry_after)
        except Exception as e:  # noqa: BLE001 - counted, not retried
            stats["errors"] += 1
            stats.setdefault("first_error", repr(e)[:300])
            return


async def main() -> None:
    api = os.environ["PANIER_FAKE_API"]
    token = os.environ["PANIER_FAKE_TOKEN"]
    with open(os.environ["PANIER_FAKE_CHATS"], encoding="utf-8") as f:
        chats = [int(line) for line in f if line.strip()]
    session = AiohttpSession(api=TelegramAPIServer.from_base(api))
    bot = Bot(token=token, session=session)
    stats = {"sent": 0, "retry_after": 0, "errors": 0}
    text = "Rappel : distribution demain, 18:30-19:45, Salle des fêtes."
    cpu0, t0 = time.process_time(), time.monotonic()
    for chat_id in chats:
        await send(bot, chat_id, text, stats)
        await asyncio.sleep(1.0 / RATE)
    stats["wall_s"] = time.monotonic() - t0
    stats["cpu_s"] = time.process_time() - cpu0
    await bot.session.close()
    print(json.dumps(stats))


if __name__ == "__main__":
    asyncio.run(main())
