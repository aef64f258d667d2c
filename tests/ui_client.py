"""A gradio_client session with a character open, as a person would have after the Character tab."""


def opened(url: str, name: str):
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict(api_name="/character_list")
    client.predict(name, api_name="/character_open")
    return client
