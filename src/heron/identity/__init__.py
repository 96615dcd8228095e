"""Identity resolution: which mentions are the same person, vehicle, phone or place."""
