export const PLUGIN_NAME = '@tdss/dataplane-kafka';
