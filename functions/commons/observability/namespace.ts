/** The CloudWatch namespace of the functions' EMF metrics when the stack sets none (a leaf: the settings import it). */
export const DEFAULT_METRICS_NAMESPACE = 'MuxQoeReports';
