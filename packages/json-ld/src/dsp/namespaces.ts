export const DSPACE_2025_1 = 'https://w3id.org/dspace/2025/1/';
export const DSPACE_2024_1 = 'https://w3id.org/dspace/2024/1/';
export const ODRL = 'http://www.w3.org/ns/odrl/2/';
export const DCAT = 'http://www.w3.org/ns/dcat#';
export const DCT = 'http://purl.org/dc/terms/';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
