import { ApiError, missingParameter } from '../errors';
import { type UploadedVideo, newJob } from '../jobs';
import { mp4Info } from '../mp4';
import type { Profile } from '../profiles';
import { type Reply, jsonReply } from '../reply';
import type { SchemaName } from '../schema';
import { readVideoSource, type VideoSource } from '../validation';
import { checkPrompt, checkSeconds, optionalString, rejectUnknown } from '../validation/fields';
import { emptyVideoId } from '../validation/sources';
import { type Body, checkRequestSchema, multipartForSchema, readBody } from './body';
import { type ApiContext, type ApiRequest, stateOf, uploadedVideo, videoOf } from './context';
import { addJob, providerOf } from './create';

/**
 * POST /videos/edits and POST /videos/extensions (api-contract §2.7–2.8): a new paid job from a
 * completed video (by id) or an uploaded MP4. An edit keeps its source's size and length; an
 * extension's `seconds` is the stitched total.
 */

/** OpenAI's longest video, and how many times one can be extended (OpenAI's video skill). */
const MAX_TOTAL_SECONDS = 120;
const MAX_EXTENSIONS = 6;

interface SourceVideo {
	model: string | null;
	size: string;
	seconds: number;
	extensions: number;
	provider: string | null;
	upload: UploadedVideo | null;
}

/**
 * The body and its fields (a multipart `video[id]` counts as `video`), unknown ones refused as
 * the profile does; `checkSchema` compares them with the OpenAPI request schema once the route's
 * own checks, whose messages are OpenAI's, have passed.
 */
function readRequest(ctx: ApiContext, req: ApiRequest, known: string[], schema: string) {
	const profile = ctx.profile();
	const body = readBody(req);
	const refusal = profile.refuseEncoding(body.kind);
	if (refusal) throw refusal;
	if (body.kind === 'empty') throw missingParameter('prompt');
	const fields = fieldsOf(body);
	if (profile.createRules.rejectUnknownFields) rejectUnknown(fields, new Set(known));
	const checkSchema = () => {
		if (!ctx.options().validateRequests || !profile.openaiRequestShape) return;
		const json = body.kind === 'json';
		const shaped = json ? body.value : multipartForSchema(body.parts);
		checkRequestSchema(`${schema}${json ? 'Json' : 'Multipart'}Body` as SchemaName, shaped);
	};
	return { profile, body, fields, checkSchema };
}

function fieldsOf(body: Exclude<Body, { kind: 'empty' }>): Record<string, unknown> {
	if (body.kind === 'json') {
		const value = body.value;
		if (!value || typeof value !== 'object' || Array.isArray(value))
			throw new ApiError(400, 'The request body must be a JSON object.');
		return value as Record<string, unknown>;
	}
	const fields: Record<string, unknown> = {};
	for (const part of body.parts) {
		const name = part.name === 'video[id]' ? 'video' : part.name;
		fields[name] = part.filename === null ? part.data.toString('utf8') : part.data;
	}
	return fields;
}

function fromJob(ctx: ApiContext, id: string, verb: string): SourceVideo {
	const job = ctx.jobs.get(id);
	if (!job) throw new ApiError(404, `Video with id '${id}' not found.`);
	if (stateOf(ctx, job).status !== 'completed') {
		throw new ApiError(
			400,
			`Video ${id} is not completed; only completed videos can be ${verb}.`,
			'invalid_request_error',
			'video',
			null,
		);
	}
	return {
		model: job.model,
		size: job.size,
		seconds: Number(job.seconds ?? '4'),
		extensions: job.extensions,
		provider: providerOf(job.id),
		upload: null,
	};
}

function fromUpload(file: Extract<VideoSource, { kind: 'file' }>): SourceVideo {
	const info = mp4Info(file.data);
	if (!info) {
		throw new ApiError(
			400,
			"Invalid file 'video': the MP4 has no readable movie header.",
			'invalid_request_error',
			'video',
			'invalid_file_format',
		);
	}
	return {
		model: null,
		size: `${info.width}x${info.height}`,
		seconds: Math.max(1, Math.round(info.seconds)),
		extensions: 0,
		provider: null,
		upload: uploadedVideo(file),
	};
}

function sourceOf(ctx: ApiContext, source: VideoSource, verb: string): SourceVideo {
	return source.kind === 'id' ? fromJob(ctx, source.id, verb) : fromUpload(source);
}

function started(ctx: ApiContext, profile: Profile, job: Parameters<typeof addJob>[1]): Reply {
	addJob(ctx, job);
	return { ...jsonReply(profile.createStatus, videoOf(ctx, job, true)), videoId: job.id };
}

export function edit(ctx: ApiContext, req: ApiRequest): Reply {
	const known = ['prompt', 'video', 'model'];
	const { profile, body, fields, checkSchema } = readRequest(ctx, req, known, 'CreateVideoEdit');
	const prompt = checkPrompt(fields.prompt);
	const source = sourceOf(ctx, readVideoSource(body, profile.sourceRules), 'edited');
	const requestedModel = optionalString(fields, 'model');
	// OpenAI's guide: editing an uploaded video needs the model named explicitly.
	if (source.upload && requestedModel === null) {
		throw new ApiError(
			400,
			"Missing required parameter: 'model'. Name the model when 'video' is an uploaded file.",
			'invalid_request_error',
			'model',
			'missing_required_parameter',
		);
	}
	checkSchema();
	const model = requestedModel ?? source.model ?? 'sora-2';
	const fieldsOfJob = { model, prompt, size: source.size, seconds: String(source.seconds) };
	const job = newJob(
		profile.newId(model, source.provider),
		{ ...fieldsOfJob, remixedFrom: null, reference: null, ...keptFrom(source) },
		ctx.options(),
	);
	return started(ctx, profile, job);
}

const keptFrom = (source: SourceVideo) => ({
	extensions: source.extensions,
	upload: source.upload,
});

export function extend(ctx: ApiContext, req: ApiRequest): Reply {
	const known = ['prompt', 'video', 'seconds'];
	const { profile, body, fields, checkSchema } = readRequest(ctx, req, known, 'CreateVideoExtend');
	const prompt = checkPrompt(fields.prompt);
	const read = readVideoSource(body, profile.sourceRules);
	// LiteLLM's extension route reads only an id: an upload reaches OpenAI as an empty one.
	if (read.kind === 'file' && !profile.sourceRules.extensionUpload) throw emptyVideoId();
	const seconds = checkSeconds(true, fields.seconds);
	if (seconds === null) throw missingParameter('seconds');
	const source = sourceOf(ctx, read, 'extended');
	const total = source.seconds + Number(seconds);
	if (source.extensions >= MAX_EXTENSIONS || total > MAX_TOTAL_SECONDS) {
		throw new ApiError(
			400,
			`This video cannot be extended by ${seconds} seconds: a video is at most ${MAX_TOTAL_SECONDS} seconds long and can be extended at most ${MAX_EXTENSIONS} times (it is ${source.seconds} seconds after ${source.extensions} extensions).`,
			'invalid_request_error',
			'seconds',
			'invalid_value',
		);
	}
	checkSchema();
	const model = source.model ?? 'sora-2';
	const job = newJob(
		profile.newId(model, source.provider),
		{
			model,
			prompt,
			size: source.size,
			seconds: String(total),
			remixedFrom: null,
			reference: null,
			...keptFrom(source),
			extensions: source.extensions + 1,
		},
		ctx.options(),
	);
	return started(ctx, profile, job);
}
