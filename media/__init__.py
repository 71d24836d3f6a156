"""The media layer: sniffing, image and video probing, limits, one RGB conversion, frames and export writers. Imports nothing from Django or the apps."""
