import { transportSettings } from '../../nodes/SoraVideos/transport';

type TransportSettings = typeof transportSettings;

/**
 * For a test file whose tests change the transport's limits: before each test, `changes` are
 * applied over the values in force; after it, those values come back, whatever the test set.
 */
export function useTransportSettings(changes: Partial<TransportSettings> = {}) {
	let saved: TransportSettings;
	beforeEach(() => {
		saved = { ...transportSettings };
		Object.assign(transportSettings, changes);
	});
	afterEach(() => {
		Object.assign(transportSettings, saved);
	});
}
