"""Reads about the model: status, description and GPU (temporary until the engine lands)."""


def gpu_status() -> dict:
    import torch

    available = torch.cuda.is_available()
    return {"available": available, "device_name": torch.cuda.get_device_name(0) if available else None,
            "memory_total": 0, "memory_used": 0, "memory_free": 0}


def model_status() -> dict:
    return {"loaded": False, "name": None, "device": None}
