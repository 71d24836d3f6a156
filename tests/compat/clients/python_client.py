"""The Python integration example from the service's integration guide, class unchanged.

Run with the service's base URL as the only argument, in a folder holding
character_reference.jpg and character_test.jpg; prints what the guide's usage prints.
"""
import sys

import requests
import json

class DINOv3Client:
    def __init__(self, base_url="http://localhost:3012"):
        self.base_url = base_url
        self.api_base = f"{base_url}/api/v1"
    
    def upload_image(self, image_path):
        """Upload an image and return asset ID."""
        with open(image_path, 'rb') as f:
            response = requests.post(
                f"{self.api_base}/upload-media",
                files={'file': f}
            )
        return response.json()['asset_id']
    
    def extract_features(self, asset_id):
        """Extract DINOv3 features from uploaded asset."""
        response = requests.post(
            f"{self.api_base}/extract-features",
            json={'asset_id': asset_id}
        )
        return response.json()
    
    def check_character_consistency(self, ref_id, test_id):
        """Validate if two images show the same character."""
        response = requests.post(
            f"{self.api_base}/validate-consistency",
            json={
                'asset_id_1': ref_id,
                'asset_id_2': test_id
            }
        )
        return response.json()
    
    def analyze_quality(self, asset_id):
        """Get quality analysis for an asset."""
        response = requests.post(
            f"{self.api_base}/analyze-quality",
            json={'asset_id': asset_id}
        )
        return response.json()

# Usage Example (the guide's, with the base URL of the service under test)
client = DINOv3Client(sys.argv[1])

# Upload and analyze character reference
ref_id = client.upload_image("character_reference.jpg")
client.extract_features(ref_id)

# Upload test image
test_id = client.upload_image("character_test.jpg")
client.extract_features(test_id)

# Check consistency
consistency = client.check_character_consistency(ref_id, test_id)
print(f"Same character: {consistency['same_character']}")
print(f"Similarity: {consistency['similarity_score']:.1f}%")

# Quality analysis
quality = client.analyze_quality(test_id)
print(f"Quality score: {quality['quality_score']:.1f}")
