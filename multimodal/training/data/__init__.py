"""SFT data for the command model: lexicons, templates, generator, augmentation, dedup, split, build."""
