"""The engine: pure functions on IO tables and firm-size shares (split, indicators, uncertainty, SDA, GVC, results)."""
