/**
 * Reads what the simulator needs of an uploaded MP4 (an edit's or extension's source): its
 * length from `moov/mvhd` and its picture size from the first video `moov/trak/tkhd`.
 */

export interface Mp4Info {
	width: number;
	height: number;
	seconds: number;
}

interface Box {
	type: string;
	/** Where the box's content starts and ends. */
	start: number;
	end: number;
}

function* boxes(bytes: Buffer, start: number, end: number): Generator<Box> {
	let at = start;
	while (at + 8 <= end) {
		let size = bytes.readUInt32BE(at);
		let header = 8;
		if (size === 1) {
			if (at + 16 > end) return;
			size = Number(bytes.readBigUInt64BE(at + 8));
			header = 16;
		} else if (size === 0) {
			size = end - at;
		}
		if (size < header || at + size > end) return;
		yield { type: bytes.toString('latin1', at + 4, at + 8), start: at + header, end: at + size };
		at += size;
	}
}

const child = (bytes: Buffer, parent: Box, type: string) =>
	[...boxes(bytes, parent.start, parent.end)].find((box) => box.type === type);

function duration(bytes: Buffer, mvhd: Box): number | null {
	const version = bytes[mvhd.start];
	const body = mvhd.start + 4;
	const [scaleAt, durationAt] = version === 1 ? [body + 16, body + 20] : [body + 8, body + 12];
	if (durationAt + (version === 1 ? 8 : 4) > mvhd.end) return null;
	const timescale = bytes.readUInt32BE(scaleAt);
	const units =
		version === 1 ? Number(bytes.readBigUInt64BE(durationAt)) : bytes.readUInt32BE(durationAt);
	return timescale > 0 ? units / timescale : null;
}

/** Width and height, 16.16 fixed point, are the last 8 bytes of a track header. */
function pictureSize(bytes: Buffer, tkhd: Box): [number, number] | null {
	if (tkhd.end - tkhd.start < 84) return null;
	const width = Math.round(bytes.readUInt32BE(tkhd.end - 8) / 65536);
	const height = Math.round(bytes.readUInt32BE(tkhd.end - 4) / 65536);
	return width > 0 && height > 0 ? [width, height] : null;
}

/** The video's size and length, or null when the bytes hold no readable movie header. */
export function mp4Info(bytes: Buffer): Mp4Info | null {
	const moov = [...boxes(bytes, 0, bytes.length)].find((box) => box.type === 'moov');
	const mvhd = moov && child(bytes, moov, 'mvhd');
	const seconds = mvhd ? duration(bytes, mvhd) : null;
	if (!moov || seconds === null) return null;
	for (const trak of boxes(bytes, moov.start, moov.end)) {
		const tkhd = trak.type === 'trak' ? child(bytes, trak, 'tkhd') : undefined;
		const size = tkhd && pictureSize(bytes, tkhd);
		if (size) return { width: size[0], height: size[1], seconds };
	}
	return null;
}
