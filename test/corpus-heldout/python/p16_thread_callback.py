import asyncio
import threading

import paho.mqtt.client as mqtt

loop = asyncio.get_event_loop()  # expect: event-loop-misuse
inbox: asyncio.Queue = asyncio.Queue()


def on_message(client, userdata, msg) -> None:
    # runs on paho's network thread
    inbox.put_nowait((msg.topic, msg.payload))  # expect: event-loop-misuse


def start_mqtt(host: str) -> threading.Thread:
    client = mqtt.Client()
    client.on_message = on_message
    client.connect(host, 1883, keepalive=30)
    client.subscribe("sensors/#")
    t = threading.Thread(target=client.loop_forever, daemon=True)
    t.start()
    return t


async def process_forever(store) -> None:
    while True:
        topic, payload = await inbox.get()
        await store(topic, payload)
