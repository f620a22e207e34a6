/** The simulator's programmatic API (see simulator/README.md). */
export { startSimulator } from './server';
export { defaultOptions, DEFAULT_API_KEY } from './options';
export { makePng, imageInfo, type ImageInfo } from './images';
export {
	FAULT_KINDS,
	ALL_PROFILES,
	SERVER_PROFILES,
	type ContentVariant,
	type FaultKind,
	type RequestLogEntry,
	type ServerProfile,
	type Simulator,
	type SimulatorOptions,
} from './types';
