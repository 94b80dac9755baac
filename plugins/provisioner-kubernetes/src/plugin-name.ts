export const PLUGIN_NAME = '@tdss/provisioner-kubernetes';
