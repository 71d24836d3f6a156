// The JavaScript/Node.js integration example from the service's integration guide, class unchanged.
// Run with node and the service's base URL as the only argument, in a folder holding ref.jpg and
// test.jpg; prints what the guide's usage prints.
import { readFileSync } from 'node:fs';

class DINOv3Client {
    constructor(baseUrl = 'http://localhost:3012') {
        this.baseUrl = baseUrl;
        this.apiBase = `${baseUrl}/api/v1`;
    }

    async uploadImage(imageBuffer, filename) {
        const formData = new FormData();
        formData.append('file', new Blob([imageBuffer]), filename);
        
        const response = await fetch(`${this.apiBase}/upload-media`, {
            method: 'POST',
            body: formData
        });
        
        const result = await response.json();
        return result.asset_id;
    }

    async extractFeatures(assetId) {
        const response = await fetch(`${this.apiBase}/extract-features`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ asset_id: assetId })
        });
        
        return await response.json();
    }

    async validateConsistency(assetId1, assetId2) {
        const response = await fetch(`${this.apiBase}/validate-consistency`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
                asset_id_1: assetId1,
                asset_id_2: assetId2
            })
        });
        
        return await response.json();
    }
}

// Usage (the guide's, with the base URL of the service under test and the two images read from disk)
const client = new DINOv3Client(process.argv[2]);
const referenceImageBuffer = readFileSync('ref.jpg');
const testImageBuffer = readFileSync('test.jpg');

// Process character images
const refId = await client.uploadImage(referenceImageBuffer, 'ref.jpg');
await client.extractFeatures(refId);

const testId = await client.uploadImage(testImageBuffer, 'test.jpg');
await client.extractFeatures(testId);

const consistency = await client.validateConsistency(refId, testId);
console.log(`Character match: ${consistency.same_character}`);
