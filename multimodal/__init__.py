"""Model adapters behind small Protocols: ASR, screen reading, the command model, TTS."""
