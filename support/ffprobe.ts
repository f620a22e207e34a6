/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- Node tooling, not published (DEVELOPERS.md) */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, statSync } from 'node:fs';

/**
 * ffprobe from the dev dependency @ffprobe-installer/ffprobe, which ships the binary inside its npm
 * package, so the demo and the tests check videos on a fresh machine without a system ffprobe.
 */

export interface VideoProbe {
	format: string;
	codec: string;
	profile: string;
	pixelFormat: string;
	width: number;
	height: number;
	/** Seconds, from the container. */
	duration: number;
	/** Frames decoded (ffprobe -count_frames), so a file that does not decode fails. */
	frames: number;
}

/** The binary's path. Its package sets the execute bit in a postinstall script, which `npm ci --ignore-scripts` skips. */
export function ffprobePath(): string {
	const path = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
	try {
		accessSync(path, constants.X_OK);
	} catch {
		chmodSync(path, statSync(path).mode | 0o755);
	}
	return path;
}

/** Decodes every frame of `file`'s first video stream; throws when ffprobe reports any error. */
export function probeVideo(file: string): VideoProbe {
	const entries =
		'format=format_name,duration:stream=codec_name,profile,pix_fmt,width,height,nb_read_frames';
	const probe = spawnSync(
		ffprobePath(),
		[
			'-v',
			'error',
			'-count_frames',
			'-select_streams',
			'v:0',
			'-show_entries',
			entries,
			'-of',
			'json',
			file,
		],
		{
			encoding: 'utf8',
		},
	);
	if (probe.error) throw probe.error;
	if (probe.status !== 0 || probe.stderr.trim())
		throw new Error(
			`ffprobe could not decode ${file}: ${probe.stderr.trim() || `exit ${probe.status}`}`,
		);
	const info = JSON.parse(probe.stdout) as {
		format?: { format_name?: string; duration?: string };
		streams?: Array<{
			codec_name?: string;
			profile?: string;
			pix_fmt?: string;
			width?: number;
			height?: number;
			nb_read_frames?: string;
		}>;
	};
	const video = info.streams?.[0];
	if (!video) throw new Error(`ffprobe found no video stream in ${file}`);
	return {
		format: info.format?.format_name ?? '',
		codec: video.codec_name ?? '',
		profile: video.profile ?? '',
		pixelFormat: video.pix_fmt ?? '',
		width: video.width ?? 0,
		height: video.height ?? 0,
		duration: Number(info.format?.duration),
		frames: Number(video.nb_read_frames),
	};
}

/**
 * Whether the MP4 at `file` is the video a job describes (its `size` and `seconds`): a one-line
 * summary of what ffprobe decoded and what differs (null when nothing does). Throws when it does
 * not decode.
 */
export function compareWithJob(
	file: string,
	job: { size?: unknown; seconds?: unknown; duration?: unknown },
): { summary: string; problem: string | null } {
	const probe = probeVideo(file);
	const summary = `${probe.format}, ${probe.codec} ${probe.profile} ${probe.pixelFormat} ${probe.width}x${probe.height}, ${probe.duration.toFixed(2)} s, ${probe.frames} frames decoded`;
	const [width, height] = String(job.size).split('x').map(Number);
	const seconds = Number(job.seconds ?? job.duration);
	const wrong = [
		probe.codec !== 'h264' && 'not H.264',
		(probe.width !== width || probe.height !== height) &&
			`${probe.width}x${probe.height} instead of ${String(job.size)}`,
		Number.isFinite(seconds) &&
			Math.abs(probe.duration - seconds) > 0.05 &&
			`${probe.duration.toFixed(2)} s instead of ${seconds} s`,
	].filter(Boolean);
	return { summary, problem: wrong.length ? wrong.join(', ') : null };
}
