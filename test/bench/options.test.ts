import {
	benchConfig,
	parseArguments,
	promptsFor,
	PROMPTS,
	runsScenario,
} from '../../bench/options';

test('promptsFor repeats the prompt list to any count', () => {
	const prompts = promptsFor(23);
	expect(prompts).toHaveLength(23);
	expect(prompts[0]).toBe(PROMPTS[0]);
	expect(prompts[PROMPTS.length]).toBe(PROMPTS[0]);
	expect(prompts[22]).toBe(PROMPTS[2]);
});

test('--only selects P2 and the scale run by name, case-insensitively and in lists', () => {
	const only = (...argv: string[]) => parseArguments(argv, 'bench/run.ts');
	expect(runsScenario(only('--only', 'p2'), 'P2')).toBe(true);
	expect(runsScenario(only('--only', 'p2'), 'P1')).toBe(false);
	expect(runsScenario(only('--only=P1-scale,P3'), 'P1-SCALE')).toBe(true);
	expect(runsScenario(only('--only=P1-scale,P3'), 'P2')).toBe(false);
	expect(runsScenario(only(), 'P2')).toBe(true);
});

test('the short run keeps P2 to one server without progress and openai, and the scale run small and in regular mode only', () => {
	const short = benchConfig(true);
	expect(short.p2.profiles).toEqual(['vllm-omni', 'openai']);
	expect(short.p2.jobs * short.p2.rendersMs.length).toBeLessThanOrEqual(3);
	expect(short.p1Scale.videoBytes).toBeNull();
	expect(short.p1Scale.queueMode).toBe(false);
	const full = benchConfig(false);
	expect(full.p2.profiles).toEqual(['vllm-omni', 'sglang', 'trt', 'openai']);
	expect(full.p1Scale).toEqual({
		jobs: 100,
		renderMs: 60_000,
		videoBytes: 3 * 1024 * 1024,
		queueMode: true,
	});
});
